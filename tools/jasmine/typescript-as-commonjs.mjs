// Module hooks (module.register) for register.cjs: a .ts file that import() reaches is loaded
// by the CommonJS loader, where ts-node compiles it.
export async function load(url, context, nextLoad) {
  if (url.startsWith('file:') && url.endsWith('.ts'))
    return { format: 'commonjs', shortCircuit: true };
  return nextLoad(url, context);
}
