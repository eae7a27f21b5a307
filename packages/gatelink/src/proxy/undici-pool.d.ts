/**
 * undici's `Pool` module on its own: `undici/lib/dispatcher/pool.js` exports the class that the
 * package root re-exports (undici has no `exports` map, so the path is public to Node's resolver).
 */
declare module 'undici/lib/dispatcher/pool.js' {
  import type { Pool } from 'undici';

  const PoolClass: typeof Pool;
  export default PoolClass;
}
