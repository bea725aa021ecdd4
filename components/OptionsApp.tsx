import { ReporterForm } from './ReporterForm';
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
      <WorkflowRegistry />
      <SyncSettings />
      <VerifyFile />
    </main>
  );
}
