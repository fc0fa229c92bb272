// The resident ID number's check digit (GB 11643-1999), checked as the clerk types; the
// service checks it again (with the birth date and region) before anything is stored.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK = '10X98765432'

export function idNumberProblem(raw: string): string | null {
  const number = raw.trim().toUpperCase()
  if (!number) return null
  if (!/^\d{17}[\dX]$/.test(number)) return number.length < 18 ? `还差 ${18 - number.length} 位` : '须为 18 位：17 位数字加校验位'
  const sum = WEIGHTS.reduce((total, weight, i) => total + weight * Number(number[i]), 0)
  return CHECK[sum % 11] === number[17] ? null : '校验位不符，请核对'
}
