// `npm run bench`: every benchmark, one after another, figures printed as they come.
// Timings live here, never in pass/fail tests.
import { cpus } from 'node:os';
import { benchAssignors } from './assignors.js';
import { benchCooperative } from './cooperative.js';
import { benchGroups } from './groups.js';
import { benchKafkaJs } from './kafkajs.js';
import { benchOutage } from './outage.js';
import { benchProduceConsume } from './produce-consume.js';
import { benchProtocolDecode } from './protocol-decode.js';
import { benchSlowClients } from './slow-clients.js';
import { benchRequestBounds } from './request-bounds.js';
import { benchSecurity } from './security.js';
import { benchStartup } from './startup.js';

console.log(`minibroker benchmarks — node ${process.version}, ${cpus().length} cores, ${new Date().toISOString()}`);
console.log('\n## Produce and consume (issue 2)');
await benchProduceConsume();
console.log('\n## KafkaJS against minibroker, next to our SDK (issue 13)');
await benchKafkaJs();
console.log('\n## Consumer groups (issue 3)');
await benchGroups();
console.log('\n## Eager versus cooperative rebalancing (issue 4)');
await benchCooperative();
console.log('\n## Sticky assignors on the group leader (issue 10)');
benchAssignors();
console.log('\n## Protocol decode (issue 10)');
benchProtocolDecode();
console.log('\n## Start-up (issue 6)');
await benchStartup();
console.log('\n## Hostile clients (issue 9)');
await benchSlowClients();
console.log('\n## Request-content bounds (issue 9)');
await benchRequestBounds();
console.log('\n## Clients through a broker outage (issue 9)');
await benchOutage();
console.log('\n## Security: SCRAM and TLS (issue 14)');
await benchSecurity();
