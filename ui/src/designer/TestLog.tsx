// What a test run did, entry by entry: when, where, what, and the values, requests and
// responses involved.
import type { SimulationResult } from "../bindings/SimulationResult";
import { entryDetail } from "./testRun";

const NOBODY = "Nobody entered the journey: check the discarded events above.";

/** `empty` says why there is no row yet (a step-through session has not moved yet). */
export function TestLog({ result, empty = NOBODY }: { result: SimulationResult; empty?: string }) {
  const rows = result.traces.flatMap((t) => t.entries.map((entry, i) => ({ trace: t, entry, key: `${t.instance}-${i}` })));
  if (rows.length === 0) {
    return (
      <p className="empty" data-testid="test-log-empty">
        {empty}
      </p>
    );
  }
  return (
    <table className="test-log" data-testid="test-log">
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">Person</th>
          <th scope="col">Node</th>
          <th scope="col">Step</th>
          <th scope="col">Details</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ trace, entry, key }) => {
          const detail = entryDetail(entry);
          return (
            <tr key={key} data-testid="test-log-row" data-node={entry.node} data-kind={entry.kind}>
              <td className="nowrap">
                <time dateTime={entry.at}>{entry.at}</time>
              </td>
              <td>{trace.profileId}</td>
              <td>
                <code>{entry.journey === result.journey ? entry.node : `${entry.journey}/${entry.node}`}</code>
              </td>
              <td>{entry.kind}</td>
              <td>{detail && <pre className="test-detail">{detail}</pre>}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
