/** Every TypeORM entity, as classes: globs break once the code is compiled or bundled. */
export const ENTITIES: (new () => object)[] = [];
