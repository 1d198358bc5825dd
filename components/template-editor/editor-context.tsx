"use client";

import { createContext, useContext, type Dispatch } from "react";
import type { EditorAction } from "./reducer";

/**
 * What every part of the editor needs besides its own data. The value is
 * stable for the editor's lifetime, so memoized rows do not re-render when
 * another part of the document changes.
 */
export type EditorApi = {
  dispatch: Dispatch<EditorAction>;
  /** Environments an item can be limited to: staging, production, then any other the template uses. */
  environments: readonly string[];
  /** Focuses the first of these element ids that exists and is enabled, after the next render. */
  requestFocus: (...ids: string[]) => void;
  /** Says something to screen-reader users through a polite live region. */
  announce: (message: string) => void;
};

export const EditorContext = createContext<EditorApi | null>(null);

export function useEditor(): EditorApi {
  const api = useContext(EditorContext);
  if (!api) throw new Error("useEditor must be used inside the template editor.");
  return api;
}

/** “Title” in curly quotes, or a stand-in for an empty title; used in accessible names and messages. */
export function quoted(title: string, fallback = "(untitled)"): string {
  const trimmed = title.trim();
  return trimmed ? `“${trimmed}”` : fallback;
}
