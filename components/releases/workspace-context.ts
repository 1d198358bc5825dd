"use client";

import { createContext, useContext } from "react";
import type { ReleaseItemView } from "@/lib/releases/get-release";
import type { ItemAction } from "./checklist-item";
import type { ItemStore } from "./item-store";

/** What every row and section of one release page shares; stable while the page is open (it changes once, after hydration), so ticks do not re-render through it. */
export type WorkspaceContextValue = {
  store: ItemStore;
  readOnly: boolean;
  /** False in the server's HTML and while hydrating; then true (the item menus appear). */
  hydrated: boolean;
  meId: string;
  userNames: Map<string, string>;
  onAction: (item: ReleaseItemView, action: ItemAction) => void;
};

export const WorkspaceContext = createContext<WorkspaceContextValue | null>(null);

export function useWorkspace(): WorkspaceContextValue {
  const value = useContext(WorkspaceContext);
  if (!value) throw new Error("useWorkspace outside a release workspace");
  return value;
}
