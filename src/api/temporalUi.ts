/** Deep links into the Temporal Web UI, so an answer from the API leads straight to the run. */
export interface TemporalUiLinks {
  workflow(workflowId: string): string;
  /** The UI's workflow list filtered by a visibility query. */
  search(query: string): string;
}

export function temporalUiLinks(baseUrl: string, namespace: string): TemporalUiLinks {
  const base = `${baseUrl.replace(/\/+$/, '')}/namespaces/${encodeURIComponent(namespace)}/workflows`;
  return {
    workflow: (workflowId) => `${base}/${encodeURIComponent(workflowId)}`,
    search: (query) => `${base}?query=${encodeURIComponent(query)}`,
  };
}
