/** Session: who runs the script and in which time zone. */
import type { Scope } from "../scope";

export function session(scope: Scope) {
  const { rt, state } = scope;
  const user = (email: string) => ({ getEmail: () => email });
  return {
    // Execute-as-me web apps hide the visitor: getActiveUser().getEmail() is "" there.
    getActiveUser: () =>
      rt.call("Session.getActiveUser", () =>
        user(scope.context === "webapp" ? "" : state.options.userEmail),
      ),
    getEffectiveUser: () =>
      rt.call("Session.getEffectiveUser", () => user(state.options.userEmail)),
    getScriptTimeZone: () => rt.call("Session.getScriptTimeZone", () => state.options.timeZone),
    getActiveUserLocale: () => rt.call("Session.getActiveUserLocale", () => "en"),
    getTemporaryActiveUserKey: () =>
      rt.call("Session.getTemporaryActiveUserKey", () =>
        scope.context === "webapp" ? "" : "emulated-temporary-user-key",
      ),
  };
}
