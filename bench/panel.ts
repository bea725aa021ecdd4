// Row 7 (render): the side panel's first render, opened as a tab of the built e2e extension.
// Its HTML holds only an empty root, so the page's first contentful paint is React's first
// render; each load is a new tab of the same profile, as a person reopening the panel.
import { launchWithExtension } from './lib/browser';
import { median, percentile, row, type Row } from './lib/rows';

export async function panelRows(quick: boolean): Promise<Row[]> {
  const runs = quick ? 1 : 10;
  const ext = await launchWithExtension();
  try {
    const paints: number[] = [];
    const ready: number[] = [];
    for (let i = 0; i < runs + 1; i++) {
      const page = await ext.openExtensionPage('sidepanel.html');
      await page.getByRole('navigation', { name: 'Views' }).waitFor();
      const fcp = await page.evaluate(
        () =>
          new Promise<{ paint: number; dom: number }>((resolve) => {
            const read = () => {
              const paint = performance.getEntriesByName('first-contentful-paint')[0]?.startTime;
              const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
              if (paint === undefined) return void requestAnimationFrame(read);
              resolve({ paint, dom: nav?.domContentLoadedEventEnd ?? NaN });
            };
            read();
          }),
      );
      // The first load compiles the bundles for this profile: a warm-up, not counted.
      if (i > 0) {
        paints.push(fcp.paint);
        ready.push(fcp.dom);
      }
      await page.close();
    }
    return [
      row({
        group: 7,
        what: `side panel first render (first contentful paint), median of ${runs}`,
        unit: 'ms',
        ours: median(paints),
        note: `p95 ${percentile(paints, 95).toFixed(0)} ms; DOMContentLoaded ${median(ready).toFixed(0)} ms; empty profile`,
      }),
    ];
  } finally {
    await ext.close();
  }
}
