// Starts Swagger UI on the page's document (data-url). Kept out of the HTML so that the page's CSP needs no
// inline script. No validator badge (it would load an image from another site), no URL field, no config from the
// query string: the page shows its own API only.
(function () {
  var element = document.getElementById('swagger-ui');
  window.ui = SwaggerUIBundle({
    url: element.getAttribute('data-url'),
    domNode: element,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
    deepLinking: true,
    validatorUrl: null,
    queryConfigEnabled: false,
    displayRequestDuration: true,
    docExpansion: 'list',
    defaultModelsExpandDepth: 0
  });
})();
