// The Add/Edit Cookie prompts fill a draft one field at a time; each step checks what is known so
// far with the same rules as the helper, so a bad combination (SameSite=None without Secure) is
// refused at the step that makes it, and a retry starts from the draft, not from empty prompts.
import { checkCookieInput } from '../../cookies/cookieInput';
import type { CookieInput, SameSite } from '../../protocol';

export interface CookieDraft {
  name?: string;
  value?: string;
  domain?: string;
  path?: string;
  expiryText?: string;
  httpOnly?: boolean;
  secure?: boolean;
  sameSite?: SameSite;
}

/** What is wrong with the draft so far (fields not asked yet count as fine), or undefined. */
export function draftProblem(draft: CookieDraft, host: string): string | undefined {
  try {
    checkCookieInput({
      name: draft.name ?? 'n',
      value: draft.value ?? '',
      domain: draft.domain ?? (host || 'localhost'),
      path: draft.path ?? '/',
      httpOnly: draft.httpOnly ?? false,
      // Secure not chosen yet: do not hold SameSite against it.
      secure: draft.secure ?? draft.sameSite === 'none',
      sameSite: draft.sameSite ?? 'lax',
    });
    return undefined;
  } catch (err) {
    return (err as Error).message.replace(/^cookie "[^"]*": /, '');
  }
}

/** The finished draft as the helper takes it. */
export function draftCookie(draft: Required<Omit<CookieDraft, 'expiryText'>>, expires: number | null): CookieInput {
  return {
    name: draft.name, value: draft.value, domain: draft.domain, path: draft.path, expires,
    httpOnly: draft.httpOnly, secure: draft.secure, sameSite: draft.sameSite,
  };
}
