// People to choose from, by name and post rather than typed user names: the centre's own staff
// (the day's duty director, a week's inspection leader) and a unit's staff (a week's inspection
// members). A convenience: a list that cannot be loaded leaves a user name to be typed.
import { request } from './api'
import { CentreStaffDocument, DepartmentStaffDocument } from './generated/graphql'
import { POSITION } from './labels'

export type Person = { id: string; name: string; position: string; department?: string; window?: string | null; absentToday?: boolean }

export const personLabel = (p: Person) =>
  `${p.name}（${p.id} · ${POSITION[p.position] ?? p.position}${p.absentToday ? ' · 今日请假' : ''}）`

export async function centreStaff(): Promise<Person[]> {
  try {
    return (await request(CentreStaffDocument, {})).centreStaff.edges.map(e => e.node)
  } catch {
    return []
  }
}

export async function unitStaff(department: string): Promise<Person[]> {
  if (!department) return []
  try {
    return (await request(DepartmentStaffDocument, { department })).staff.edges.map(e => e.node)
  } catch {
    return []
  }
}
