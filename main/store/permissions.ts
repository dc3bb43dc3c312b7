/**
 * Role permissions (app/contract/operators.ts PERMISSIONS): what a role may do without a
 * supervisor on the spot. Kept in the ledger as the setting `permissions.cashier` — a shop's
 * policy, changed at the counter by a supervisor and audited, that must travel with the ledger's
 * backups (config.json is the installer's). A supervisor holds every permission; only the
 * cashier role's grants are stored. Unset: DEFAULT_CASHIER_GRANTS.
 */
import { z } from 'zod';
import {
  DEFAULT_CASHIER_GRANTS,
  GrantsSchema,
  PERMISSIONS,
  type Grants,
  type Permission,
} from '../../app/contract/operators.js';
import type { Role } from '../../app/contract/session.js';
import { audit } from './audit.js';
import type { Store } from './db.js';
import { createSettings } from './settings.js';

const SCHEMAS = { 'permissions.cashier': GrantsSchema } as const satisfies Record<string, z.ZodType>;

export interface PermissionService {
  /** The grants of each role, in PERMISSIONS order. */
  grants(): { cashier: Grants; supervisor: Grants };
  has(role: Role, permission: Permission): boolean;
  /** Grant or withdraw one permission of the cashier role (audited). */
  set(permission: Permission, granted: boolean, by: string): void;
}

export function createPermissionService(opts: { store: Store; now: () => number }): PermissionService {
  const { store } = opts;
  const settings = createSettings({ store, now: opts.now, schemas: SCHEMAS });
  const cashier = (): Set<Permission> => new Set(settings.getOr('permissions.cashier', [...DEFAULT_CASHIER_GRANTS]));
  const ordered = (s: Set<Permission>): Grants => PERMISSIONS.filter((p) => s.has(p));

  return {
    grants: () => ({ cashier: ordered(cashier()), supervisor: [...PERMISSIONS] }),
    has: (role, permission) => role === 'supervisor' || cashier().has(permission),
    set(permission, granted, by) {
      store.tx(() => {
        const now = cashier();
        if (now.has(permission) === granted) return;
        if (granted) now.add(permission);
        else now.delete(permission);
        settings.set('permissions.cashier', ordered(now), { audit: false });
        audit(store, {
          action: granted ? 'permission.grant' : 'permission.revoke',
          operatorNo: by,
          subject: 'role:cashier',
          detail: { permission },
        });
      });
    },
  };
}
