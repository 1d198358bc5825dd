import { allItems, type TemplateDocument, type TemplateItem } from "../templates/document";

/** The template items that apply to a release in this environment, in reading order. */
export function applicableItems(document: TemplateDocument, environment: string): TemplateItem[] {
  return allItems(document)
    .map(({ item }) => item)
    .filter((item) => item.environments === null || item.environments.includes(environment));
}

/** Commands and titles show the release's version where the template says X.Y.Z. */
export function withVersion(text: string, version: string): string {
  return text.replaceAll("X.Y.Z", version);
}
