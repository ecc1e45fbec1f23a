/** Session: who runs the script and in which time zone. */
import type { Scope } from "../scope";

/** Apps Script's User, as Session and edit events hand it out. */
export function fakeUser(email: string) {
  return { getEmail: () => email };
}

export function session(scope: Scope) {
  const { rt, state } = scope;
  return {
    // The emulator decides both per execution (see Emulator.run): web apps hide the visitor.
    getActiveUser: () => rt.call("Session.getActiveUser", () => fakeUser(scope.activeUser)),
    getEffectiveUser: () =>
      rt.call("Session.getEffectiveUser", () => fakeUser(scope.effectiveUser)),
    getScriptTimeZone: () => rt.call("Session.getScriptTimeZone", () => state.options.timeZone),
    getActiveUserLocale: () => rt.call("Session.getActiveUserLocale", () => "en"),
    getTemporaryActiveUserKey: () =>
      rt.call("Session.getTemporaryActiveUserKey", () =>
        scope.context === "webapp" ? "" : "emulated-temporary-user-key",
      ),
  };
}
