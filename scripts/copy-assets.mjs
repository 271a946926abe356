// Copies non-TypeScript assets (the protobuf schema) next to the compiled JavaScript.
import { copyFileSync, mkdirSync } from 'node:fs';

const assets = [['protocol/schema.proto', 'dist/protocol/schema.proto']];
for (const [from, to] of assets) {
  mkdirSync(to.slice(0, to.lastIndexOf('/')), { recursive: true });
  copyFileSync(from, to);
}
