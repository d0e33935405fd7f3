import { loadConfig } from '../src/platform/config/config.ts';
import { openTessera, type Tessera } from '../src/platform/runtime.ts';

/** Opens Tessera with the configuration of the environment, runs `work`, and always closes it. */
export async function withTessera<T>(work: (tessera: Tessera) => Promise<T>): Promise<T> {
  const config = loadConfig(process.env);
  const tessera = await openTessera(config);
  try {
    return await work(tessera);
  } finally {
    await tessera.close();
  }
}
