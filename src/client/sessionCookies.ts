// Session cookies live only in the browser's memory: a helper that crashes or is restarted takes
// them along, and a logged-in user would be logged out. The extension keeps, in its own memory and
// never in a log, the session cookies each window's page had after its last successful load, per
// profile, so that reopened windows get them back before their pages load again.
import type { Cookie } from '../protocol';

/** name, domain, path: what makes two cookies the same cookie. */
function keyOf(c: Cookie): string {
  return `${c.name}\u0000${c.domain}\u0000${c.path}`;
}

export class SessionCookies {
  /** profile folder -> page origin -> that origin's session cookies at its last load */
  private readonly byProfile = new Map<string, Map<string, Cookie[]>>();

  /** What a page's load showed: its origin's session cookies now replace what was kept for it,
   *  so a logout (the cookie gone) is kept too. */
  seen(profile: string, pageUrl: string, cookies: Cookie[]): void {
    let origin: string;
    try {
      const u = new URL(pageUrl);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') return;
      origin = u.origin;
    } catch {
      return;
    }
    let origins = this.byProfile.get(profile);
    if (!origins) {
      origins = new Map();
      this.byProfile.set(profile, origins);
    }
    const session = cookies.filter((c) => c.session);
    if (session.length) origins.set(origin, session);
    else origins.delete(origin);
  }

  /** The profile's kept session cookies, each once. */
  of(profile: string): Cookie[] {
    const unique = new Map<string, Cookie>();
    for (const cookies of this.byProfile.get(profile)?.values() ?? []) for (const c of cookies) unique.set(keyOf(c), c);
    return [...unique.values()];
  }

  /** The user let the lost windows go, or cleared the profile's cookies: nothing to put back. */
  forget(profile?: string): void {
    if (profile === undefined) this.byProfile.clear();
    else this.byProfile.delete(profile);
  }
}
