import { Entity, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';

export const regions = ['EU', 'UK', 'US'] as const;
export type Region = (typeof regions)[number];

/**
 * `PROVISIONING`: being onboarded, not live (its realm's tokens are refused, its branding not served).
 * `ACTIVE`: live. `SUSPENDED`: switched off by an operator; onboarding again never reactivates it.
 */
export const tenantStatuses = ['PROVISIONING', 'ACTIVE', 'SUSPENDED'] as const;
export type TenantStatus = (typeof tenantStatuses)[number];

export interface Branding {
  displayName: string;
  primaryColor: string;
  accentColor: string;
  logoUrl?: string | null;
}

/**
 * Where a bank's apps are served: `scheme://host[:port]` origins, no path. Realm provisioning derives the
 * OIDC clients' exact redirect URIs and web origins from them; an empty list means no browser sign-in.
 */
export interface AppOrigins {
  /** Origins of the admin portal the bank's staff use (client `finpersona-admin`). */
  admin: string[];
  /** Origins of the bank's branded customer app (client `finpersona-customer`). */
  customer: string[];
}

/** A bank using FinPersona. Its users live in the Keycloak realm `realm`. */
@Entity({ tableName: 'tenant' })
export class Tenant {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'text', unique: true })
  slug!: string;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text' })
  region!: Region;

  @Property({ type: 'text' })
  status: TenantStatus & Opt = 'ACTIVE';

  @Property({ type: 'text', unique: true })
  realm!: string;

  @Property({ type: 'json' })
  branding!: Branding;

  @Property({ type: 'json' })
  appOrigins: AppOrigins & Opt = { admin: [], customer: [] };

  /** Why an operator suspended the bank; null unless SUSPENDED. Never personal data (operators are told). */
  @Property({ type: 'text', nullable: true })
  suspensionReason: (string & Opt) | null = null;

  @Property({ type: 'datetime', length: 3, nullable: true })
  suspendedAt: (Date & Opt) | null = null;

  @Property({ type: 'datetime', length: 3 })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'datetime', length: 3, onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();
}
