import type { Environment } from '../config/environment.js';
import type { Tracing } from './tracing.js';
import { tracingSettings } from './tracing-settings.js';

/**
 * Starts tracing as the environment asks (tracing-settings.ts), or returns null. The SDK (about
 * 8 MB of heap and 80 ms to load) is imported only when tracing is on.
 */
export async function startTracingFromEnvironment(env: Environment): Promise<Tracing | null> {
  const settings = tracingSettings(env);
  if (!settings) return null;
  const { startTracingWith } = await import('./tracing.js');
  return startTracingWith(settings);
}
