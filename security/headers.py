"""The security headers every answer carries, defined once for the app and the sign-in pages."""

# Streamlit's index.html has one inline script (`window.prerenderReady = false`); its hash
# lets it run without 'unsafe-inline'. tests/test_edges.py fails when Streamlit changes it.
STREAMLIT_INLINE_SCRIPT = "'sha256-THxz9J9+wf7rhwR2YkXJoSZ13UCmYyC+3lNDv2+8ugA='"
# The app's one script (ui.styles.document_language): the page's language and direction on
# <html>, read from its own data attributes, so its text (and hash) is the same in every language.
# It also words the file uploader in the reader's language (Streamlit writes "Upload", an English
# limit and an English name for its file input), whenever one is drawn.
DOCUMENT_LANGUAGE_SCRIPT = (
    "(s=>{const h=document.documentElement,d=s.dataset,w=window;h.lang=d.lang;h.dir=d.dir;"
    "w.marsadUpload=d.upload;if(w.marsadUploads)return;w.marsadUploads=1;"
    "const f=()=>document.querySelectorAll('[data-testid=stFileUploaderDropzone]')"
    ".forEach(z=>{const t=w.marsadUpload,p=z.querySelector('button p'),"
    "i=z.querySelector('input'),"
    "n=z.querySelector('[data-testid=stFileUploaderDropzoneInstructions] span');"
    "if(p&&p.textContent!==t)p.textContent=t;"
    "if(i&&i.getAttribute('aria-label')!==t)i.setAttribute('aria-label',t);"
    "if(n&&n.textContent)n.textContent=''});"
    "f();new MutationObserver(f).observe(document.body,{childList:true,subtree:true})})"
    "(document.currentScript)"
)
DOCUMENT_LANGUAGE_HASH = "'sha256-jXge0VMI5okdMxkEX9aYHwLZCxt1hlsTxH4nvD2v0u4='"
# What Streamlit 1.67 and Plotly need, and nothing from another site. Styles stay inline:
# Streamlit's CSS-in-JS and Plotly write <style> elements and style attributes at run time.
# Streamlit's protobuf reader compiles a small WebAssembly module ('wasm-unsafe-eval' allows
# that and no JavaScript eval). 'self' in connect-src covers the websocket (ws:, wss:) of the
# same host.
APP_POLICY = (
    "default-src 'self'; "
    f"script-src 'self' {STREAMLIT_INLINE_SCRIPT} {DOCUMENT_LANGUAGE_HASH} 'wasm-unsafe-eval'; "
    "style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; "
    "font-src 'self' data:; "
    "connect-src 'self'; "
    "object-src 'none'; "
    "base-uri 'self'; "
    "form-action 'self'; "
    "frame-ancestors 'none'"
)
# Never inside a frame, no guessing of types, no address leaked to other sites, no powerful
# browser features, no window shared with pages of other sites.
COMMON = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def headers(policy: str = APP_POLICY) -> dict[str, str]:
    """The security headers of one answer, under the given Content-Security-Policy."""
    return {"Content-Security-Policy": policy, **COMMON}
