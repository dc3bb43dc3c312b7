/** The catalogs' bt.1 … bt.7 keys come from the one business-type table (app/business-types.ts). */
export { businessTypeTexts, type BusinessTypeKey } from '../../../../app/business-types.js';
