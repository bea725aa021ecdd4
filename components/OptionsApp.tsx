import { ReporterForm } from './ReporterForm';
import { SitesForm } from './SitesForm';
import { WorkflowRegistry } from './WorkflowRegistry';

/** The options page: reporter identity, enabled sites and the workflow registry. */
export function OptionsApp() {
  return (
    <main className="page">
      <h1>Flagline settings</h1>
      <ReporterForm />
      <SitesForm />
      <WorkflowRegistry />
    </main>
  );
}
