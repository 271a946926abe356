// Copies non-TypeScript assets (the protobuf schema, the web console) next to the compiled JavaScript.
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';

const consoleFiles = readdirSync('server/admin/console').map((name) => [
  `server/admin/console/${name}`,
  `dist/server/admin/console/${name}`,
]);
const assets = [['protocol/schema.proto', 'dist/protocol/schema.proto'], ...consoleFiles];
for (const [from, to] of assets) {
  mkdirSync(to.slice(0, to.lastIndexOf('/')), { recursive: true });
  copyFileSync(from, to);
}
