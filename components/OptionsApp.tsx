import { ReporterForm } from './ReporterForm';
import { ScreenshotSetting } from './ScreenshotSetting';
import { SitesForm } from './SitesForm';
import { SyncSettings } from './SyncSettings';
import { VerifyFile } from './VerifyFile';
import { WorkflowRegistry } from './WorkflowRegistry';

/** The options page: reporter identity, enabled sites, the workflow registry and file verification. */
export function OptionsApp() {
  return (
    <main className="page">
      <h1>Flagline settings</h1>
      <ReporterForm />
      <SitesForm />
      <ScreenshotSetting />
      <WorkflowRegistry />
      <SyncSettings />
      <VerifyFile />
    </main>
  );
}
