// Loaded by every Jasmine run (jasmine.json "requires"). Jasmine 7 loads requires with
// import(), so this file is CommonJS and registers the TypeScript hooks itself.
// transpileOnly: speed; type errors are caught by `nx run-many -t typecheck` and the builds.
const path = require('node:path');

require('ts-node').register({
  transpileOnly: true,
  project: process.env.TS_NODE_PROJECT ?? path.join(__dirname, '..', '..', 'tsconfig.base.json'),
  compilerOptions: {
    module: 'commonjs',
    emitDecoratorMetadata: true,
    experimentalDecorators: true,
  },
});
require('tsconfig-paths').register({
  baseUrl: path.join(__dirname, '..', '..'),
  paths: require('../../tsconfig.base.json').compilerOptions.paths,
});
