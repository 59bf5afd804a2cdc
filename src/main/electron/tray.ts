import { Menu, type MenuItemConstructorOptions, nativeImage, nativeTheme, Tray } from 'electron'
import type { Schedule } from '../../shared/contract/runs'
import { resourcePath } from '../core/resources'
import { type TrayAction, trayMenuModel, trayTooltip } from './tray-menu'

/** The tray icon that fits this desktop: a template image on macOS, light or dark glyph elsewhere. */
function trayImage(): Electron.NativeImage {
  if (process.platform === 'darwin') {
    const image = nativeImage.createFromPath(resourcePath('tray', 'trayTemplate.png'))
    image.setTemplateImage(true)
    return image
  }
  return nativeImage.createFromPath(
    resourcePath('tray', nativeTheme.shouldUseDarkColors ? 'tray-dark.png' : 'tray-light.png'),
  )
}

/**
 * The tray icon and its menu, rebuilt from the schedule whenever it changes. The menu's content is
 * `trayMenuModel`'s; this function only binds it to Electron.
 */
export function createTray(
  onAction: (action: TrayAction) => void,
  clock: () => Date,
): { update(schedule: Schedule): void; destroy(): void } {
  const tray = new Tray(trayImage())
  tray.setToolTip('Job Monitor')
  tray.on('click', () => onAction('open'))
  const refreshIcon = () => tray.setImage(trayImage())
  nativeTheme.on('updated', refreshIcon)
  return {
    update(schedule) {
      const template: MenuItemConstructorOptions[] = trayMenuModel(schedule, clock()).map((item) =>
        item.separator
          ? { type: 'separator' }
          : {
              label: item.label,
              enabled: item.enabled,
              click: item.action ? () => onAction(item.action!) : undefined,
            },
      )
      tray.setContextMenu(Menu.buildFromTemplate(template))
      tray.setToolTip(trayTooltip(schedule, clock()))
    },
    destroy() {
      nativeTheme.off('updated', refreshIcon)
      tray.destroy()
    },
  }
}
