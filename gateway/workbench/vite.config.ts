import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vite'

// Built at install (deploy/local/install.sh) into dist/, which the gateway serves at /workbench
export default defineConfig({
  base: '/workbench/',
  plugins: [vue()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 1500 },
})
