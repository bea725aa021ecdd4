import type { BrowserContext, Page } from '@playwright/test';

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { data?: { message?: string } };
}

/** A top-level task of a thread: `RunTask`, or `ThreadControllerImpl::RunTask` in newer Chromium. */
const TASK = /^(ThreadControllerImpl::)?RunTask$/;
/** Style recalculation inside a task. */
const STYLE = 'UpdateLayoutTree';
/** Layout inside a task. */
const LAYOUT = 'Layout';
/** Garbage collection of the page's heap inside a task (young and old generation). */
const GC = new Set(['MinorGC', 'MajorGC']);

export interface MainThreadTask {
  /** Wall time and CPU time of the task on the page's main thread, in ms. */
  wallMs: number;
  cpuMs: number;
  /** Share of the task's wall time spent recalculating style (the browser applying CSS). */
  styleShare: number;
  /** Wall time of the garbage collections inside the task, in ms. */
  gcMs: number;
}

/**
 * Records a browser trace: top-level tasks with their thread CPU time, and the `console.timeStamp`
 * marks Flagline's e2e build sets around each anchoring pass. CPU time is what the page's main
 * thread really spent on a task; wall time also counts the moments a loaded machine did not run
 * the browser at all, which says nothing about Flagline.
 */
export async function startTrace(context: BrowserContext, page: Page) {
  const cdp = await context.newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => {
    for (const event of e.value as unknown as TraceEvent[]) {
      if (
        event.name === 'TimeStamp' ||
        (event.ph === 'X' &&
          (TASK.test(event.name) || event.name === STYLE || event.name === LAYOUT || GC.has(event.name)))
      ) {
        events.push(event);
      }
    }
  });
  await cdp.send('Tracing.start', {
    traceConfig: { includedCategories: ['toplevel', 'devtools.timeline'] },
    transferMode: 'ReportEvents',
  });
  return {
    /** Ends the trace; returns the main-thread tasks that overlap Flagline's anchoring passes. */
    async tasksInPasses(): Promise<{ passes: number; tasks: MainThreadTask[] }> {
      const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
      await cdp.send('Tracing.end');
      await complete;
      await cdp.detach();
      const marks = events.filter((e) => e.name === 'TimeStamp' && e.args?.data?.message?.startsWith('flagline:'));
      // A pass is Flagline's script from `pass-start` to `pass-script-end`, then the frame that draws
      // it, up to `pass-end`: in that second part only style and layout work is Flagline's doing.
      const windows: Array<{ pid: number; tid: number; from: number; scriptEnd: number; to: number }> = [];
      for (const mark of marks) {
        const message = mark.args!.data!.message;
        const open = windows.findLast((w) => w.pid === mark.pid && w.tid === mark.tid && w.to === Infinity);
        if (message === 'flagline:pass-start') {
          windows.push({ pid: mark.pid, tid: mark.tid, from: mark.ts, scriptEnd: Infinity, to: Infinity });
        } else if (open && message === 'flagline:pass-script-end') {
          open.scriptEnd = mark.ts;
        } else if (open) {
          open.to = mark.ts;
          open.scriptEnd = Math.min(open.scriptEnd, mark.ts);
        }
      }
      const within = (e: TraceEvent, end: number, name: string) =>
        events
          .filter((s) => s.name === name && s.pid === e.pid && s.tid === e.tid && s.ts >= e.ts && s.ts < end)
          .reduce((sum, s) => sum + (s.dur ?? 0), 0);
      const tasks = events
        .filter((e) => TASK.test(e.name))
        .flatMap((e): MainThreadTask[] => {
          const end = e.ts + (e.dur ?? 0);
          const mine = windows.filter((w) => w.pid === e.pid && w.tid === e.tid && end > w.from && e.ts < w.to);
          if (mine.length === 0) return [];
          const style = within(e, end, STYLE);
          const frame = style + within(e, end, LAYOUT);
          const gcMs = (GC.has(e.name) ? 0 : [...GC].reduce((sum, name) => sum + within(e, end, name), 0)) / 1000;
          const inScript = mine.some((w) => end > w.from && e.ts < w.scriptEnd);
          return [
            {
              wallMs: (e.dur ?? 0) / 1000,
              // After the script, a task is Flagline's only for the style and layout it runs.
              cpuMs: inScript ? (e.tdur ?? e.dur ?? 0) / 1000 : frame / 1000,
              styleShare: e.dur ? style / e.dur : 0,
              gcMs,
            },
          ];
        });
      return { passes: windows.filter((w) => w.to !== Infinity).length, tasks };
    },
  };
}
