/** The resource URIs this server serves and links to. */
export const JSON_TYPE = 'application/json';
export const instanceUri = (id: string): string => `ice://instances/${encodeURIComponent(id)}`;
export const callLogUri = (id: string): string => `${instanceUri(id)}/call-log`;
export const transcriptUri = (id: string): string => `${instanceUri(id)}/transcript`;
export const agentUri = (id: string): string => `ice://agents/${encodeURIComponent(id)}/instances`;
