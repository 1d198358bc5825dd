import { NavLinks } from "@/components/app/nav-links";

/** The notification pages: the inbox, what waits for me, and my choices. */
export function InboxTabs() {
  return (
    <NavLinks
      label="Notifications"
      links={[
        { href: "/inbox", label: "Inbox" },
        { href: "/inbox/waiting", label: "Waiting for me" },
        { href: "/inbox/preferences", label: "Preferences" },
      ]}
    />
  );
}
