import { PolicySummary } from './PolicySummary';
import { RedactionSetting } from './RedactionSetting';
import { ReporterForm } from './ReporterForm';
import { ScreenshotSetting } from './ScreenshotSetting';
import { SitesForm } from './SitesForm';
import { SyncSettings } from './SyncSettings';
import { VerifyFile } from './VerifyFile';
import { WorkflowRegistry } from './WorkflowRegistry';

/**
 * The options page: what the organisation's policy locks, reporter identity, enabled sites,
 * redaction and evidence, the workflow registry, sync and file verification.
 */
export function OptionsApp() {
  return (
    <main className="page">
      <h1>Flagline settings</h1>
      <PolicySummary />
      <ReporterForm />
      <SitesForm />
      <RedactionSetting />
      <ScreenshotSetting />
      <WorkflowRegistry />
      <SyncSettings />
      <VerifyFile />
    </main>
  );
}
