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

// Jasmine 7 loads helpers and specs with import(). Node 20 cannot import a .ts file and Jasmine
// falls back to require(), which ts-node compiles. Node 22.18 and later strip the types
// themselves and load the file as an ES module, whose extensionless imports then fail
// (ERR_MODULE_NOT_FOUND): there, import() of a .ts file is sent to require() too.
if (process.features.typescript) {
  require('node:module').register(
    './typescript-as-commonjs.mjs',
    require('node:url').pathToFileURL(__filename),
  );
}
