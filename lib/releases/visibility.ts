import "server-only";

/**
 * Who may see which release: the one place a visibility rule goes. Every read
 * of releases (the list and archive in list-releases.ts, a release with its
 * items in get-release.ts) adds this condition on its `releases` alias. Today
 * every caller with `release:read` sees every release, so there is none;
 * per-project tenancy adds its condition here.
 */
export function visibleReleaseCondition(_alias: string): string | null {
  return null;
}
