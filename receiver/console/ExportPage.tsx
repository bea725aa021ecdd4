/** Downloads of every record the receiver holds, for archives and other tools. */
export function ExportPage() {
  return (
    <>
      <h1 tabIndex={-1}>Export</h1>
      <section className="card" aria-labelledby="export-latest">
        <h2 id="export-latest">Latest revision of every record</h2>
        <p className="small muted">
          One file with the newest revision of each record, as the devices sent it. JSON opens in most tools; NDJSON has
          one record a line, for large exports and streaming imports.
        </p>
        <div className="row">
          <a className="button" href="/v1/export?format=json" download>
            Download JSON
          </a>
          <a className="button" href="/v1/export?format=ndjson" download>
            Download NDJSON
          </a>
        </div>
      </section>
      <section className="card" aria-labelledby="export-all">
        <h2 id="export-all">Every revision</h2>
        <p className="small muted">Each revision received, oldest changes included, one a line.</p>
        <a className="button" href="/v1/export?format=ndjson&revisions=all" download>
          Download every revision (NDJSON)
        </a>
      </section>
    </>
  );
}
