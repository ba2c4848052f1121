/**
 * The launcher's styles, inside the closed shadow root: `:host` resets what the page could inherit into it; the
 * panel goes full screen below 480 px.
 */
export const launcherCss = (bg: string, fg: string, side: 'left' | 'right') => `
:host{all:initial}
.launcher{position:fixed;bottom:20px;${side}:20px;z-index:2147483646;width:56px;height:56px;border-radius:50%;border:0;margin:0;padding:0;
display:flex;align-items:center;justify-content:center;cursor:pointer;background:${bg};color:${fg};box-shadow:0 4px 14px rgba(0,0,0,.25)}
.launcher:focus-visible{outline:3px solid ${bg};outline-offset:3px}
.panel{position:fixed;bottom:88px;${side}:20px;z-index:2147483647;width:380px;height:min(640px,calc(100vh - 108px));display:none;
border-radius:14px;overflow:hidden;box-shadow:0 8px 32px rgba(0,0,0,.28);background:#fff}
.panel.open{display:block}
.panel iframe{border:0;width:100%;height:100%;display:block}
@media (max-width:479px){.panel{inset:0;width:100%;height:100%;border-radius:0}.launcher.open{display:none}}
`;
