// TypeORM's migration CLI with the workspace's TypeScript setup (decorator metadata, path
// aliases), so `nx run api:migration:*` works on the sources without a build.
require('../jasmine/register.cjs');
require('typeorm/cli.js');
