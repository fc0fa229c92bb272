import { finishSignIn } from './signin.js'

window.addEventListener('load', () => {
  finishSignIn().catch(error => {
    document.getElementById('status').textContent = `登录未完成：${error.message}`
  })
})
