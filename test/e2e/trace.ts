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

export interface MainThreadTask {
  /** Wall time and CPU time of the task on the page's main thread, in ms. */
  wallMs: number;
  cpuMs: number;
  /** Share of the task's wall time spent recalculating style (the browser applying CSS). */
  styleShare: number;
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
      if (event.name === 'TimeStamp' || (event.ph === 'X' && (TASK.test(event.name) || event.name === STYLE))) {
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
      const windows: Array<{ pid: number; tid: number; from: number; to: number }> = [];
      for (const mark of marks) {
        if (mark.args!.data!.message === 'flagline:pass-start') {
          windows.push({ pid: mark.pid, tid: mark.tid, from: mark.ts, to: Infinity });
        } else {
          const open = windows.findLast((w) => w.pid === mark.pid && w.tid === mark.tid && w.to === Infinity);
          if (open) open.to = mark.ts;
        }
      }
      const tasks = events
        .filter((e) => TASK.test(e.name))
        .filter((e) =>
          windows.some((w) => w.pid === e.pid && w.tid === e.tid && e.ts + (e.dur ?? 0) > w.from && e.ts < w.to),
        )
        .map((e) => {
          const end = e.ts + (e.dur ?? 0);
          const style = events
            .filter((s) => s.name === STYLE && s.pid === e.pid && s.tid === e.tid && s.ts >= e.ts && s.ts < end)
            .reduce((sum, s) => sum + (s.dur ?? 0), 0);
          return {
            wallMs: (e.dur ?? 0) / 1000,
            cpuMs: (e.tdur ?? e.dur ?? 0) / 1000,
            styleShare: e.dur ? style / e.dur : 0,
          };
        });
      return { passes: windows.filter((w) => w.to !== Infinity).length, tasks };
    },
  };
}
