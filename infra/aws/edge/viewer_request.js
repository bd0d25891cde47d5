// CloudFront Function (viewer request, site behaviour): S3 knows objects, not folders.
// /kb/ is served from /kb/index.html; /kb (no slash) is redirected to /kb/ so that the
// page's relative links resolve as they do on the local server.
function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri.endsWith("/")) {
    request.uri = uri + "index.html";
    return request;
  }
  var last = uri.substring(uri.lastIndexOf("/") + 1);
  if (last.indexOf(".") === -1) {
    var query = Object.keys(request.querystring).map(function (name) {
      var value = request.querystring[name].value;
      return value === "" ? name : name + "=" + value;
    }).join("&");
    return {
      statusCode: 301,
      statusDescription: "Moved Permanently",
      headers: { location: { value: uri + "/" + (query ? "?" + query : "") } },
    };
  }
  return request;
}
