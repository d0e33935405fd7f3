import { v5 as uuidv5 } from 'uuid';
import {
  defineRoute,
  type HttpModule,
  IdParams,
  inRequestTenant,
  ListOf,
  pageOf,
  type WithTenant,
} from '../../platform/http/index.ts';
import { createAccount, createChart, getAccount, listAccounts, updateAccount } from './account.service.ts';
import { postJournalEntry, reverseJournalEntry } from './journal.service.ts';
import { getJournalEntry, listJournalEntries } from './journal-query.ts';
import {
  AccountBalanceQuery,
  AccountBalanceSchema,
  AccountLineSchema,
  AccountLinesQuery,
  AccountListQuery,
  AccountSchema,
  ChartSchema,
  ClosePeriodBody,
  CreateAccountBody,
  CreateChartBody,
  CreateJournalEntryBody,
  IdempotencyHeaders,
  JournalEntryListQuery,
  JournalEntrySchema,
  PeriodListQuery,
  PeriodSchema,
  ReopenPeriodBody,
  ReverseBody,
  TrialBalanceQuery,
  TrialBalanceSchema,
  UpdateAccountBody,
} from './ledger.schema.ts';
import { accountBalance, listAccountLines, trialBalance } from './ledger-reports.ts';
import { closePeriod, getPeriod, listPeriods, reopenPeriod } from './period.service.ts';

const ledger = ['ledger'];
const read = { readOnly: true } as const;
/** The namespace of the source ids of manual entries posted with an Idempotency-Key. */
const MANUAL_KEY_NAMESPACE = '0193a4f2-6c1e-7b7a-9d51-3c2f0e8a9b10';

/** The ledger: charts and accounts, the journal, periods, balances and the trial balance. */
export function ledgerRoutes(withTenant: WithTenant): HttpModule {
  return {
    name: 'ledger',
    register(app) {
      // ---- Charts and accounts ----
      defineRoute(app, {
        method: 'POST',
        url: '/api/v1/ledger/charts',
        permission: 'write:ledger-accounts',
        summary: "Create a legal entity's chart of accounts from a template",
        tags: ledger,
        schema: { body: CreateChartBody, response: { 201: ChartSchema } },
        handler: async (request, reply) =>
          reply
            .code(201)
            .send(await inRequestTenant(withTenant, request, (tx) => createChart(tx, request.body))),
      });
      defineRoute(app, {
        method: 'GET',
        url: '/api/v1/ledger/accounts',
        permission: 'read:ledger',
        summary: 'List the ledger accounts in your scope',
        tags: ledger,
        schema: { querystring: AccountListQuery, response: { 200: ListOf(AccountSchema) } },
        handler: (request) =>
          inRequestTenant(
            withTenant,
            request,
            (tx) =>
              listAccounts(tx, pageOf(request.query), {
                ...(request.query.legalEntityId ? { legalEntityId: request.query.legalEntityId } : {}),
              }),
            read,
          ),
      });
      defineRoute(app, {
        method: 'POST',
        url: '/api/v1/ledger/accounts',
        permission: 'write:ledger-accounts',
        summary: "Add an account to a legal entity's chart",
        tags: ledger,
        schema: { body: CreateAccountBody, response: { 201: AccountSchema } },
        handler: async (request, reply) =>
          reply
            .code(201)
            .send(await inRequestTenant(withTenant, request, (tx) => createAccount(tx, request.body))),
      });
      defineRoute(app, {
        method: 'GET',
        url: '/api/v1/ledger/accounts/:id',
        permission: 'read:ledger',
        summary: 'Read a ledger account',
        tags: ledger,
        schema: { params: IdParams, response: { 200: AccountSchema } },
        handler: (request) =>
          inRequestTenant(withTenant, request, (tx) => getAccount(tx, request.params.id), read),
      });
      defineRoute(app, {
        method: 'PATCH',
        url: '/api/v1/ledger/accounts/:id',
        permission: 'write:ledger-accounts',
        summary: 'Rename, deactivate or reactivate a ledger account (accounts are never deleted)',
        tags: ledger,
        schema: { params: IdParams, body: UpdateAccountBody, response: { 200: AccountSchema } },
        handler: (request) =>
          inRequestTenant(withTenant, request, (tx) => updateAccount(tx, request.params.id, request.body)),
      });
      defineRoute(app, {
        method: 'GET',
        url: '/api/v1/ledger/accounts/:id/lines',
        permission: 'read:ledger',
        summary: "An account's journal lines in date order (keyset pages)",
        tags: ledger,
        schema: {
          params: IdParams,
          querystring: AccountLinesQuery,
          response: { 200: ListOf(AccountLineSchema) },
        },
        handler: (request) =>
          inRequestTenant(
            withTenant,
            request,
            (tx) =>
              listAccountLines(tx, request.params.id, pageOf(request.query), {
                ...(request.query.from ? { from: request.query.from } : {}),
                ...(request.query.to ? { to: request.query.to } : {}),
              }),
            read,
          ),
      });
      defineRoute(app, {
        method: 'GET',
        url: '/api/v1/ledger/accounts/:id/balance',
        permission: 'read:ledger',
        summary: "An account's balance at the end of a day (default: today), functional and per currency",
        tags: ledger,
        schema: {
          params: IdParams,
          querystring: AccountBalanceQuery,
          response: { 200: AccountBalanceSchema },
        },
        handler: (request) =>
          inRequestTenant(
            withTenant,
            request,
            (tx) =>
              accountBalance(
                tx,
                request.params.id,
                request.query.asOf ?? new Date().toISOString().slice(0, 10),
              ),
            read,
          ),
      });

      // ---- Journal ----
      defineRoute(app, {
        method: 'GET',
        url: '/api/v1/ledger/journal-entries',
        permission: 'read:ledger',
        summary: 'List the journal entries in your scope, in posting order',
        tags: ledger,
        schema: { querystring: JournalEntryListQuery, response: { 200: ListOf(JournalEntrySchema) } },
        handler: (request) => {
          const { limit: _l, cursor: _c, ...filter } = request.query;
          return inRequestTenant(
            withTenant,
            request,
            (tx) => listJournalEntries(tx, pageOf(request.query), filter),
            read,
          );
        },
      });
      defineRoute(app, {
        method: 'POST',
        url: '/api/v1/ledger/journal-entries',
        permission: 'post:ledger',
        summary: 'Post a manual journal entry (balanced per currency and in functional currency)',
        description:
          'Lines in a foreign currency are converted at the rate on the entry date unless they carry ' +
          'functionalAmountMinor (and rate). An Idempotency-Key makes a retry return the first entry.',
        tags: ledger,
        schema: {
          headers: IdempotencyHeaders,
          body: CreateJournalEntryBody,
          response: { 201: JournalEntrySchema },
        },
        handler: async (request, reply) => {
          const body = request.body;
          const key = request.headers['idempotency-key'];
          const { entry } = await inRequestTenant(withTenant, request, (tx) =>
            postJournalEntry(tx, {
              legalEntityId: body.legalEntityId,
              entryDate: body.entryDate,
              description: body.description,
              source: key
                ? {
                    kind: 'manual',
                    id: uuidv5(
                      `${tx.ctx.actor.membershipId ?? tx.ctx.actor.id}:${key}`,
                      MANUAL_KEY_NAMESPACE,
                    ),
                    purpose: 'manual',
                  }
                : { kind: 'manual' },
              lines: body.lines.map((line) => ({
                account: { id: line.accountId },
                side: line.side,
                amountMinor: BigInt(line.amount.amountMinor),
                currency: line.amount.currency,
                ...(line.functionalAmountMinor === undefined
                  ? {}
                  : { functionalAmountMinor: BigInt(line.functionalAmountMinor) }),
                ...(line.rate === undefined ? {} : { rate: line.rate }),
                memo: line.memo ?? null,
              })),
            }),
          );
          return reply.code(201).send(entry);
        },
      });
      defineRoute(app, {
        method: 'GET',
        url: '/api/v1/ledger/journal-entries/:id',
        permission: 'read:ledger',
        summary: 'Read a journal entry with its lines',
        tags: ledger,
        schema: { params: IdParams, response: { 200: JournalEntrySchema } },
        handler: (request) =>
          inRequestTenant(withTenant, request, (tx) => getJournalEntry(tx, request.params.id), read),
      });
      defineRoute(app, {
        method: 'POST',
        url: '/api/v1/ledger/journal-entries/:id/reverse',
        permission: 'post:ledger',
        summary: 'Reverse a journal entry (once): the correction of a posted entry',
        tags: ledger,
        schema: { params: IdParams, body: ReverseBody, response: { 201: JournalEntrySchema } },
        handler: async (request, reply) =>
          reply
            .code(201)
            .send(
              await inRequestTenant(withTenant, request, (tx) =>
                reverseJournalEntry(tx, request.params.id, request.body),
              ),
            ),
      });

      // ---- Periods ----
      defineRoute(app, {
        method: 'GET',
        url: '/api/v1/ledger/periods',
        permission: 'read:ledger',
        summary: 'List the ledger periods (months posted into, closed or reopened) in your scope',
        tags: ledger,
        schema: { querystring: PeriodListQuery, response: { 200: ListOf(PeriodSchema) } },
        handler: (request) =>
          inRequestTenant(
            withTenant,
            request,
            (tx) =>
              listPeriods(tx, pageOf(request.query), {
                ...(request.query.legalEntityId ? { legalEntityId: request.query.legalEntityId } : {}),
              }),
            read,
          ),
      });
      defineRoute(app, {
        method: 'GET',
        url: '/api/v1/ledger/periods/:id',
        permission: 'read:ledger',
        summary: 'Read a ledger period',
        tags: ledger,
        schema: { params: IdParams, response: { 200: PeriodSchema } },
        handler: (request) =>
          inRequestTenant(withTenant, request, (tx) => getPeriod(tx, request.params.id), read),
      });
      defineRoute(app, {
        method: 'POST',
        url: '/api/v1/ledger/periods/close',
        permission: 'close:ledger-periods',
        summary: "Close a month of a legal entity's ledger: the database refuses postings dated in it",
        tags: ledger,
        schema: { body: ClosePeriodBody, response: { 200: PeriodSchema } },
        handler: (request) => inRequestTenant(withTenant, request, (tx) => closePeriod(tx, request.body)),
      });
      defineRoute(app, {
        method: 'POST',
        url: '/api/v1/ledger/periods/:id/reopen',
        permission: 'close:ledger-periods',
        summary: 'Reopen a closed month, saying why (audited)',
        tags: ledger,
        schema: { params: IdParams, body: ReopenPeriodBody, response: { 200: PeriodSchema } },
        handler: (request) =>
          inRequestTenant(withTenant, request, (tx) => reopenPeriod(tx, request.params.id, request.body)),
      });

      // ---- Trial balance ----
      defineRoute(app, {
        method: 'GET',
        url: '/api/v1/ledger/trial-balance',
        permission: 'read:ledger',
        summary: "A legal entity's trial balance for a date range: opening, debits, credits, closing",
        description:
          'Per account, in the functional currency and per transaction currency; amounts in different ' +
          'currencies are never added. Balances are debits minus credits.',
        tags: ledger,
        schema: { querystring: TrialBalanceQuery, response: { 200: TrialBalanceSchema } },
        handler: (request) =>
          inRequestTenant(withTenant, request, (tx) => trialBalance(tx, request.query), read),
      });
    },
  };
}
