// Marks the page as having JavaScript, as GOV.UK Frontend components expect.
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
