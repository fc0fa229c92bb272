// The centre's calendar day (Asia/Shanghai) as YYYY-MM-DD, whatever the browser's time zone
export function centreToday(): string {
  return new Date().toLocaleDateString('sv', { timeZone: 'Asia/Shanghai' })
}
