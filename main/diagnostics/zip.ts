/**
 * The zip writer moved to main/files/zip.ts (shared by the diagnostics export and the report
 * exports: XLSX is a zip of XML). This module keeps the diagnostics imports working.
 */
export { createZip, type ZipEntry } from '../files/zip.js';
