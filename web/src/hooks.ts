/** Loading data from the API into a screen, and polling it while something runs. */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { messageOf } from './api';

export interface Loaded<T> {
  data: T | undefined;
  error: string | undefined;
  loading: boolean;
  /** Loads again, keeping the current data on screen meanwhile. */
  reload(): Promise<void>;
}

/** Runs `load` when `deps` change; an answer that arrives after newer deps is dropped. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(true);
  const generation = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const reload = useCallback(async () => {
    const mine = ++generation.current;
    setLoading(true);
    try {
      const value = await loadRef.current();
      if (mine !== generation.current) return;
      setData(value);
      setError(undefined);
    } catch (caught) {
      if (mine !== generation.current) return;
      setError(messageOf(caught));
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, []);

  useEffect(() => {
    void reload();
  }, deps);
  useEffect(() => () => void (generation.current += 1), []);
  return { data, error, loading, reload };
}

/** Calls `tick` every `ms` while `active`, one call at a time. */
export function usePolling(tick: () => Promise<unknown>, ms: number, active: boolean): void {
  const tickRef = useRef(tick);
  tickRef.current = tick;
  useEffect(() => {
    if (!active) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const run = async () => {
      await tickRef.current().catch(() => undefined);
      if (!stopped) timer = setTimeout(() => void run(), ms);
    };
    timer = setTimeout(() => void run(), ms);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [active, ms]);
}

/** The document title of a screen. */
export function useTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Plesk → VoipNow sync`;
  }, [title]);
}
