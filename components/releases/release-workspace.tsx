import type { ComponentProps } from "react";
import type { ReleaseView } from "@/lib/releases/get-release";
import { packView } from "./packed-view";
import { ReleaseWorkspaceClient } from "./release-workspace-client";

type Props = Omit<ComponentProps<typeof ReleaseWorkspaceClient>, "packed"> & { view: ReleaseView };

/**
 * A release's checklist, live (release-workspace-client.tsx). Rendered on the
 * server, where it packs the checklist for the trip to the browser: the
 * client component's props are inlined in the page's HTML, a few hundred
 * bytes per item as keyed objects, about a third of that packed (ADR 020).
 */
export function ReleaseWorkspace({ view, ...props }: Props) {
  return <ReleaseWorkspaceClient packed={packView(view)} {...props} />;
}
