import { ReporterForm } from './ReporterForm';
import { SitesForm } from './SitesForm';

/** The options page: reporter identity and enabled sites. */
export function OptionsApp() {
  return (
    <main className="page">
      <h1>Flagline settings</h1>
      <ReporterForm />
      <SitesForm />
    </main>
  );
}
