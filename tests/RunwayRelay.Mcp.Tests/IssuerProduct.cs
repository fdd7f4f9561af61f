namespace RunwayRelay.Mcp.Tests;

/// <summary>Whose paths, metadata, sign-in rules and tokens <see cref="TestTokenIssuer"/> has.</summary>
internal enum IssuerProduct
{
    /// <summary>No product's: an issuer with a path, S256 listed, tokens with <c>scope</c>, sign-in as Microsoft Entra's.</summary>
    Plain,

    /// <summary>Keycloak's (keycloak.org, "Integrating with Model Context Protocol (MCP)" and "Client registration
    /// policies"; its server administration guide, "Audience support"): the issuer <c>/realms/{realm}</c>, endpoints under
    /// <c>protocol/openid-connect</c>, a <c>registration_endpoint</c> always listed, <c>iss</c> in the sign-in's redirect
    /// (RFC 9207), the <c>resource</c> parameter unread unless the experimental resource-indicators feature is on, a scope
    /// the client was not given refused with <c>invalid_scope</c>, and access tokens whose <c>aud</c> holds Keycloak's own
    /// <c>account</c> client (from the user's roles) and what Audience mappers on the granted client scopes add.</summary>
    Keycloak,

    /// <summary>Microsoft Entra ID's v2.0 endpoint (learn.microsoft.com, "OpenID Connect on the Microsoft identity
    /// platform"): the authority <c>/{tenant}/v2.0</c>, the Entra-only <c>msgraph_host</c> and <c>cloud_instance_name</c>,
    /// no PKCE methods listed, <c>/organizations/v2.0</c> naming <c>{tenantid}</c> as issuer, scopes asked for with their
    /// resource and tokens holding their names alone in <c>scp</c>.</summary>
    MicrosoftEntra,

    /// <summary>Auth0's (auth0.com/docs, "Access Token Formats" and "Access Token Profiles"; auth0.com/ai/docs, "Enable
    /// Resource Parameter Compatibility Profile"): the tenant's origin with a trailing slash as issuer, its APIs named by
    /// <c>audience</c>, the <c>resource</c> parameter read only with the compatibility profile on, and an opaque token, not a
    /// JWT, for a sign-in that names no API.</summary>
    Auth0,

    /// <summary>Amazon Cognito's user pools (AWS's developer guide, "User pool endpoints and managed login reference",
    /// "Understanding the access token", "Scopes, M2M, and resource servers"): the issuer
    /// <c>https://cognito-idp.{region}.amazonaws.com/{user pool id}</c>, OpenID discovery only, listing neither PKCE methods
    /// nor a way to register, sign-in at the user pool's domain (<c>/oauth2/authorize</c>), custom scopes named
    /// <c>{resource server identifier}/{name}</c>, and access tokens with <c>client_id</c> and <c>token_use</c> that carry
    /// <c>aud</c> only when the sign-in named its resource (RFC 8707), which Cognito reads on its Essentials and Plus
    /// feature plans.</summary>
    AmazonCognito,

    /// <summary>Google's own sign-in (its OpenID discovery document at <c>accounts.google.com</c>): the issuer
    /// <c>https://accounts.google.com</c>, which the tests never reach (the server reads the metadata from the listener),
    /// and access tokens that are opaque (<c>ya29.</c>…), for Google's APIs alone.</summary>
    Google,

    /// <summary>An Okta custom authorization server's (developer.okta.com, "Authorization Servers"): the issuer
    /// <c>https://{org}.okta.com/oauth2/default</c>, which the tests never reach (the server reads the metadata from the
    /// listener), S256 listed, and the org's client management API (<c>/oauth2/v1/clients</c>), which takes an
    /// administrator's token, as its <c>registration_endpoint</c>.</summary>
    Okta,
}
