import { PolicySummary } from '../settings/PolicySummary';
import { RedactionSetting } from '../settings/RedactionSetting';
import { ReporterForm } from '../settings/ReporterForm';
import { ScreenshotSetting } from '../settings/ScreenshotSetting';
import { SitesForm } from '../settings/SitesForm';
import { SyncSettings } from '../settings/SyncSettings';
import { TeamSettings } from '../settings/TeamSettings';
import { VerifyFile } from '../log/VerifyFile';
import { WorkflowRegistry } from '../workflows/WorkflowRegistry';

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
      <TeamSettings />
    </main>
  );
}
