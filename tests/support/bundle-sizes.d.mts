/** Types of bundle-sizes.mjs (plain Node so the bench can import it without a build). */
export declare const BUNDLE_BUDGETS: { contentScript: number; background: number; page: number };
export declare const WEB_EID_ANCHORS: { contentScript: number; background: number };
export declare const EXTENSION_OUTPUT: string;

export interface LazyWeight {
  /** The chunk (or worker script) loaded on demand, relative to the build directory. */
  chunk: string;
  /** Files it brings that were not loaded at start. */
  files: string[];
  gzip: number;
}

export interface EntryWeight {
  name: string;
  entries: string[];
  /** Every file loaded at start: the entries and their static imports. */
  files: string[];
  gzip: number;
  lazy: LazyWeight[];
}

export declare function measureBuild(buildDir: string): {
  contentScripts: EntryWeight[];
  background: EntryWeight;
  pages: EntryWeight[];
};

export interface BundleSizeRow {
  kind: "content-script" | "background" | "page" | "lazy";
  name: string;
  files: string[];
  gzip: number;
  budget: number | null;
  holds: boolean;
}

export declare function bundleSizeRows(buildDir?: string): BundleSizeRow[];
