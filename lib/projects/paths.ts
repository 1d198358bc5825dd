/**
 * The browser's URLs of a project's pages (/p/<key>/…), in one place: pages,
 * components, redirects and messages build their links here. Client-safe
 * (no server code).
 */
export const projectPath = (key: string) => `/p/${key}`;
export const releasesPath = (key: string) => `/p/${key}/releases`;
export const newReleasePath = (key: string, query?: Record<string, string>) =>
  `/p/${key}/releases/new${query && Object.keys(query).length ? `?${new URLSearchParams(query).toString()}` : ""}`;
export const releasePath = (key: string, id: string) => `/p/${key}/releases/${id}`;
export const templatesPath = (key: string) => `/p/${key}/templates`;
export const templatePath = (key: string, id: string, version?: number) => `/p/${key}/templates/${id}${version === undefined ? "" : `?version=${version}`}`;
export const projectSettingsPath = (key: string, tab?: string) => `/p/${key}/settings${tab ? `/${tab}` : ""}`;
export const PROJECTS_PATH = "/projects";

/** The key of the project a browser path is in (/p/<key>/…), or null. */
export function projectKeyOfPath(pathname: string): string | null {
  const match = /^\/p\/([a-z0-9-]{2,40})(?:\/|$)/.exec(pathname);
  return match?.[1] ?? null;
}
