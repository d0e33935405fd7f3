import { type RawBuilder, sql } from 'kysely';

/**
 * Whose decision a submitted expense (`e`) waits for, as one SQL condition on the membership `me`,
 * evaluated under the caller's row-level security (the caller must see the project, the people
 * and the contacts it reads, or the condition is false: it fails closed):
 * - awaiting `project_manager`: the membership of the project's manager person; when the spender
 *   manages the project themselves, the lead of the project's practice instead (nobody approves
 *   their own expense);
 * - awaiting `client`: a membership linked to an approver contact of the project's client.
 * The route's permission (`approve:expenses`) is checked apart.
 */
export function awaitedApproverIs(me: string): RawBuilder<boolean> {
  return sql<boolean>`(
    (e.awaiting = 'project_manager' AND EXISTS (
      SELECT 1 FROM projects p
      JOIN people approver ON approver.tenant_id = p.tenant_id
        AND approver.id = CASE WHEN p.manager_person_id = e.person_id
          THEN (SELECT pr.lead_person_id FROM practices pr WHERE pr.tenant_id = p.tenant_id AND pr.id = p.practice_id)
          ELSE p.manager_person_id END
      WHERE p.tenant_id = e.tenant_id AND p.id = e.project_id AND approver.membership_id = ${me}::uuid))
    OR (e.awaiting = 'client' AND EXISTS (
      SELECT 1 FROM contacts c
      WHERE c.tenant_id = e.tenant_id AND c.client_id = e.client_id AND c.is_approver
        AND c.membership_id = ${me}::uuid))
  )`;
}
