/** The add-on's version, shown by doGet; kept equal to package.json's by a test. */
export const VERSION = "0.1.0";

/** Set by esbuild.config.mjs: a digest of the sources this bundle was built from. */
declare const __BUILD_ID__: string | undefined;

/**
 * Which build of VERSION this is ("dev" outside the bundle, e.g. in unit tests): two pushes of
 * the same VERSION differ here, so the web app's self-test tells an old deployment apart.
 */
export const BUILD: string = typeof __BUILD_ID__ === "string" ? __BUILD_ID__ : "dev";
